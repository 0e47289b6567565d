-- AlterEnum
ALTER TYPE "ServiceStatus" ADD VALUE 'building';

