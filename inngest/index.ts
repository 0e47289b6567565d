import type { InngestFunction } from "inngest";
import { deployService } from "./deploy-service";
import { removeService } from "./remove-service";
import { retireContainers } from "./retire-containers";

// Every workflow function Berth serves at /api/inngest.
export const functions: InngestFunction.Any[] = [deployService, retireContainers, removeService];
