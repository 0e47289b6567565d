// A pull request (merge request) opened or reopened, moved to a new head, or closed: a preview's life.
export interface PullRequestEvent {
  action: "open" | "update" | "close";
  number: number;
  title: string;
  author: string;
  // Null where the provider sends an abbreviated hash (Bitbucket): the build takes the head branch's tip.
  headSha: string | null;
  headRef: string;
  headRepository: string;
  baseRepository: string;
  // Whether the author may push to the repository, where the provider says (GitHub's author_association).
  authorCanWrite: boolean | null;
}
