import { createApp } from 'vue';
import 'liveness-challenge/define';
import App from './App.vue';

createApp(App).mount('#app');
