// A typed client for the Gerbang HTTP API. `schema.d.ts` is generated from the gateway's OpenAPI
// document (`npm run generate`); the requests go through openapi-fetch, so every path, parameter
// and body is checked by TypeScript against that document.
import createClient, { type Client, type ClientOptions } from "openapi-fetch";
import type { components, operations, paths } from "./schema.js";

export type { components, operations, paths };
export type Schemas = components["schemas"];
export type GerbangClient = Client<paths>;

export interface GerbangOptions extends Omit<ClientOptions, "baseUrl"> {
  /** The gateway's address, e.g. `http://127.0.0.1:3000`. */
  baseUrl: string;
  /** A device API key (`gbk_…`): sent as `X-Api-Key`. */
  apiKey?: string;
  /** Or a user's token from `POST /api/auth/login`: sent as `Authorization: Bearer …`. */
  token?: string;
}

/** A client for one gateway, authenticated with an API key or a token. */
export function gerbang(options: GerbangOptions): GerbangClient {
  const { apiKey, token, headers, ...rest } = options;
  const auth: Record<string, string> = {};
  if (apiKey) auth["X-Api-Key"] = apiKey;
  if (token) auth["Authorization"] = `Bearer ${token}`;
  return createClient<paths>({ ...rest, headers: { ...auth, ...(headers as object) } });
}
