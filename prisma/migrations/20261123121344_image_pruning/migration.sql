-- AlterTable
ALTER TABLE "Deployment" ADD COLUMN     "imagePrunedAt" TIMESTAMP(3);

