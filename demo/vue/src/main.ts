// Importing the package defines <wistia-uploader>; Vue renders it as a plain element (see isCustomElement).
import 'wistia-uploader';
import { createApp } from 'vue';
import App from './App.vue';

createApp(App).mount('#app');
