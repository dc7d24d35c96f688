// /api/v1/openapi.json: the contract itself (public: it holds no data and no secret).
import { z } from "zod";
import { defineOperation } from "@/lib/api/operation";

export const getOpenApiDocument = defineOperation({
  operationId: "getOpenApiDocument",
  method: "GET",
  path: "/openapi.json",
  tag: "Contract",
  summary: "This OpenAPI 3.1 document",
  authority: null,
  status: 200,
  response: z.record(z.string(), z.unknown()),
  errors: [],
});
