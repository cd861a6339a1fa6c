import { mount } from 'svelte';
import App from './App.svelte';
import './app.css';

// Whatever the page came with (the offline cache may serve a rendered attendee page for any
// address), the app starts from scratch.
const target = document.getElementById('app')!;
target.replaceChildren();
mount(App, { target });
