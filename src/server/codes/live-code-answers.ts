// The code in each upstream's GetLiveCode answer, read by the code handlers so they can remember what they relay.
// A body that is not exactly a success carrying digits gives undefined: nothing is remembered, the answer is still
// relayed as it is.
const CODE = /^\d{1,16}$/;

function digits(value: unknown): string | undefined {
  // A JSON number has lost its leading zeros: the element refuses it too, so it is never remembered.
  return typeof value === 'string' && CODE.test(value) ? value : undefined;
}

function parseJson(body: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(body);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** The code in a COS CI `GetLiveCode` answer (`<Response><LiveCode>0521</LiveCode></Response>`), if it is one. */
export function liveCodeFromCosXml(body: string): string | undefined {
  const match = /^\s*(?:<\?xml[^>]*\?>\s*)?<Response>\s*<LiveCode>(\d{1,16})<\/LiveCode>/.exec(body);
  return match?.[1];
}

/** The code in a Cloud API 3.0 `GetLiveCode` answer (`{"Response":{"LiveCode":"4392"}}`), if it is one. */
export function liveCodeFromCloudApiJson(body: string): string | undefined {
  const response = parseJson(body)?.Response;
  if (typeof response !== 'object' || response === null) return undefined;
  const fields = response as Record<string, unknown>;
  return fields.Error === undefined ? digits(fields.LiveCode) : undefined;
}

/** The code in a legacy `livegetfour` answer (`{"data":{"validate_data":"9532"},"code":0}`), if it is one. */
export function liveCodeFromLegacyJson(body: string): string | undefined {
  const value = parseJson(body);
  if (!value || value.code !== 0) return undefined;
  const data = value.data;
  return typeof data === 'object' && data !== null
    ? digits((data as Record<string, unknown>).validate_data)
    : undefined;
}
