import type { InngestFunction } from "inngest";
import { deployService } from "./deploy-service";
import { commentOnPullRequest, sweepPreviews } from "./preview-functions";
import { reconcileMissedPushes } from "./reconcile-pushes";
import { removeRunner } from "./remove-runner";
import { removeService } from "./remove-service";
import { reportDeploymentStatus } from "./report-commit-status";
import { retireContainers } from "./retire-containers";
import { runRunnerJob } from "./run-runner-job";
import { sendChannelMessage } from "./send-channel-message";

// Every workflow function Berth serves at /api/inngest.
export const functions: InngestFunction.Any[] = [deployService, retireContainers, removeService, runRunnerJob, removeRunner, reportDeploymentStatus, sendChannelMessage, commentOnPullRequest, sweepPreviews, reconcileMissedPushes];
