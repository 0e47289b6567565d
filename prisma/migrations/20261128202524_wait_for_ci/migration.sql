-- AlterTable
ALTER TABLE "RepositoryConnection" ADD COLUMN     "waitForCi" BOOLEAN NOT NULL DEFAULT false;

