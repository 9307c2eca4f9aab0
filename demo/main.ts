import '../src/define.js';

const challenge = document.querySelector('liveness-challenge')!;
const shape = document.querySelector<HTMLSelectElement>('#shape')!;
const lang = document.querySelector<HTMLSelectElement>('#lang')!;
const log = document.querySelector<HTMLOListElement>('#log')!;

function endpointFor(choice: string): string {
  if (choice === 'slow') return '/mock/code?shape=cos&delay=15000';
  return `/mock/code?shape=${encodeURIComponent(choice)}`;
}

function logEvent(event: Event): void {
  const item = document.createElement('li');
  const detail = (event as CustomEvent).detail;
  item.textContent = `${new Date().toLocaleTimeString()} ${event.type} ${JSON.stringify(detail)}`;
  log.prepend(item);
}

for (const type of ['liveness-code', 'liveness-error'] as const) challenge.addEventListener(type, logEvent);

shape.addEventListener('change', () => {
  challenge.endpoint = endpointFor(shape.value);
});
lang.addEventListener('change', () => {
  challenge.lang = lang.value;
});
document.querySelector('#reset')!.addEventListener('click', () => challenge.reset());
