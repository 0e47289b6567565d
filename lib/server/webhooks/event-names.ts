// The event names each provider documents, for metric labels. A name outside these lists is counted as
// "other": a sender (anyone holding a secret) must not mint a new time series per request.
import type { WebhookProvider } from "./types";

const KNOWN: Record<WebhookProvider | "deploy_hook", ReadonlySet<string>> = {
  github: new Set([
    "ping", "push", "create", "delete", "pull_request", "pull_request_review", "pull_request_review_comment", "pull_request_review_thread",
    "workflow_run", "workflow_job", "workflow_dispatch", "check_run", "check_suite", "status", "deployment", "deployment_status", "release",
    "issues", "issue_comment", "label", "milestone", "repository", "installation", "installation_repositories", "meta", "fork", "star", "watch",
    "member", "public", "package", "registry_package", "gollum", "page_build", "discussion", "discussion_comment", "branch_protection_rule",
    "code_scanning_alert", "secret_scanning_alert", "dependabot_alert", "merge_group", "repository_vulnerability_alert", "commit_comment",
  ]),
  gitlab: new Set([
    "Push Hook", "Tag Push Hook", "Merge Request Hook", "Pipeline Hook", "Job Hook", "Note Hook", "Confidential Note Hook", "Issue Hook",
    "Confidential Issue Hook", "Wiki Page Hook", "Deployment Hook", "Release Hook", "Feature Flag Hook", "Emoji Hook", "Member Hook",
    "Subgroup Hook", "Project Hook", "Resource Access Token Hook", "System Hook", "Berth Test Hook",
  ]),
  bitbucket: new Set([
    "repo:push", "repo:refs_changed", "repo:modified", "repo:fork", "repo:updated", "repo:commit_comment_created", "repo:commit_status_created",
    "repo:commit_status_updated", "pullrequest:created", "pullrequest:updated", "pullrequest:approved", "pullrequest:unapproved",
    "pullrequest:fulfilled", "pullrequest:rejected", "pullrequest:comment_created", "pullrequest:comment_updated", "pullrequest:comment_deleted",
    "pullrequest:changes_request_created", "pullrequest:changes_request_removed", "issue:created", "issue:updated", "issue:comment_created",
    "pr:opened", "pr:merged", "pr:declined", "pr:deleted", "pr:modified", "pr:from_ref_updated", "pr:reviewer:approved", "pr:reviewer:unapproved",
    "pr:reviewer:needs_work", "pr:comment:added", "pr:comment:edited", "pr:comment:deleted", "mirror:repo_synchronized", "diagnostics:ping",
  ]),
  gitea: new Set([
    "push", "create", "delete", "fork", "issues", "issue_assign", "issue_label", "issue_milestone", "issue_comment", "pull_request",
    "pull_request_assign", "pull_request_label", "pull_request_milestone", "pull_request_comment", "pull_request_review_approved",
    "pull_request_review_rejected", "pull_request_review_comment", "pull_request_sync", "pull_request_review_request", "wiki", "repository",
    "release", "package", "status", "workflow_run", "workflow_job", "workflow_dispatch", "schedule",
  ]),
  deploy_hook: new Set(["deploy"]),
};

export function eventLabel(provider: WebhookProvider | "deploy_hook", event: string | null): string {
  if (!event) return "unknown";
  return KNOWN[provider].has(event) ? event : "other";
}
