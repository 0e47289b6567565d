-- AlterTable
ALTER TABLE "RepositoryConnection" ADD COLUMN     "previousSecretEncrypted" TEXT,
ADD COLUMN     "secretRotatedAt" TIMESTAMP(3),
ADD COLUMN     "userId" TEXT;

