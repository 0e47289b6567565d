import { bitbucket } from "./bitbucket";
import { gitea } from "./gitea";
import { github } from "./github";
import { gitlab } from "./gitlab";
import type { ProviderAdapter, WebhookProvider } from "./types";

export const PROVIDERS: Record<WebhookProvider, ProviderAdapter> = { github, gitlab, bitbucket, gitea };
