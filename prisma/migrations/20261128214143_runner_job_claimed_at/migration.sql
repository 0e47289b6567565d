-- AlterTable
ALTER TABLE "RunnerJob" ADD COLUMN     "claimedAt" TIMESTAMP(3);

