// A service's images on the engine: listed by repository, removed by tag.
import type Docker from "dockerode";

export async function listRepositoryTags(docker: Docker, repository: string): Promise<string[]> {
  const images = await docker.listImages({ filters: JSON.stringify({ reference: [repository] }) });
  return images.flatMap((image) => image.RepoTags ?? []).filter((tag) => tag.startsWith(`${repository}:`));
}

// Untags; the layers go once no tag or container uses them. An image a container still runs is kept (409).
export async function removeTag(docker: Docker, tag: string): Promise<boolean> {
  try {
    await docker.getImage(tag).remove();
    return true;
  } catch (error) {
    const status = (error as { statusCode?: number }).statusCode;
    if (status === 404) return true;
    if (status === 409) return false;
    throw error;
  }
}
