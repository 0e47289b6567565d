import { NextResponse } from "next/server";
import { parseJsonBody, withSession } from "@/lib/server/http/handlers";
import { listPreviews, updatePreviewSettings } from "@/lib/server/previews/manage-previews";
import { previewSettingsSchema } from "@/lib/shared/validations/preview";

type Params = { id: string };

// GET /api/services/[id]/previews — {settings, previews}: open ones first, then recently closed
export const GET = withSession<Params>(async (_request, { user, params }) => NextResponse.json(await listPreviews(user, params.id)));

// PATCH /api/services/[id]/previews — {enabled?, max_concurrent?, env_vars?, shared_env_keys?}
export const PATCH = withSession<Params>(async (request, { user, params }) =>
  NextResponse.json(await updatePreviewSettings(user, params.id, await parseJsonBody(request, previewSettingsSchema))),
);
