// Caps how many verifications run at once: each holds its upload (up to ~6 MB) and its upstream request in memory,
// so the cap bounds the memory a burst of uploads can take. Past it the answer is immediate: the caller's `busy`.

export type Answer = (request: Request) => Promise<Response>;

export function concurrencyGate(max: number, busy: () => Response): (answer: Answer) => Answer {
  let running = 0;
  return (answer) => async (request) => {
    if (running >= max) return busy();
    running += 1;
    try {
      return await answer(request);
    } finally {
      running -= 1;
    }
  };
}
