// What the API's clients (the ops console, the mini-app) raise for an error answer, `{error:{code,message,
// details}}` (errorBody in schema-parts.ts): the HTTP status, the code, the Chinese message to show and the
// details. Neither client may import server code and the mini-app compiles only its own folder, so
// scripts/generate-client-types.ts copies this file into both (api-error.generated.ts): it imports nothing.

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}
