-- AlterTable
ALTER TABLE "Service" ADD COLUMN     "buildTimeout" INTEGER NOT NULL DEFAULT 900;

