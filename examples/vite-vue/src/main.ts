// The README's Vue main.ts lines are this file's marked region (test/examples checks it).
import { createApp } from 'vue';
import App from './App.vue';
// #region readme
import 'liveness-challenge/define';
import type {} from 'liveness-challenge/vue';
// #endregion readme

createApp(App).mount('#app');
