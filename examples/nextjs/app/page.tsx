// A server component: the element renders as an empty tag in the HTML and comes alive in the browser.
import { Liveness } from './liveness';

export default function Page() {
  return (
    <main>
      <h1>liveness-challenge with Next.js</h1>
      <Liveness />
    </main>
  );
}
