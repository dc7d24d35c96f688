// Any other /api/v1 path: the one error envelope (404), not Next's HTML page.
import { errorResponse } from "@/lib/authz/route";

const notFound = () =>
  errorResponse({
    ok: false,
    status: 404,
    code: "NOT_FOUND",
    error: "There is no such API route. See /api/v1/openapi.json.",
  });

export const GET = notFound;
export const POST = notFound;
export const PUT = notFound;
export const PATCH = notFound;
export const DELETE = notFound;
