import { withSession } from "@/lib/server/http/handlers";
import { stopPreview } from "@/lib/server/previews/manage-previews";

// POST /api/previews/[id]/stop — remove the preview's containers, image and route → 204
export const POST = withSession<{ id: string }>(async (_request, { user, params }) => {
  await stopPreview(user, params.id);
  return new Response(null, { status: 204 });
});
