// The OpenAPI 3.1 document of /api/v1, generated from the operations the routes run with (public: no data in it).
import { NextResponse } from "next/server";
import { buildOpenApiDocument } from "@/lib/api/openapi";

let built: ReturnType<typeof buildOpenApiDocument> | undefined;

export async function GET() {
  built ??= buildOpenApiDocument();
  return NextResponse.json(built);
}
