-- AlterEnum
ALTER TYPE "DeploymentTrigger" ADD VALUE 'reconciled';

