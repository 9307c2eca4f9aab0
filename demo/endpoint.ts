/** The framework demos' signing endpoint: `?endpoint=` (the tests pick a fixed code with it), else the mock. */
export function demoEndpoint(): string {
  return new URLSearchParams(location.search).get('endpoint') ?? '/mock/code?shape=cos';
}

export interface LoggedEvent {
  id: number;
  type: string;
  detail: string;
}

let nextId = 0;

/** One line of a demo's event log; a Blob in the detail is shown by its size and type. */
export function toLogged(event: CustomEvent): LoggedEvent {
  const detail = JSON.stringify(event.detail, (_key, value: unknown) =>
    value instanceof Blob ? `Blob(${value.size} bytes, ${value.type})` : value,
  );
  return { id: nextId++, type: event.type, detail };
}
