// An application's whole code, as the README shows it: the bench builds this with Vite's defaults and measures
// what its first page load downloads.
import 'liveness-challenge/define';
