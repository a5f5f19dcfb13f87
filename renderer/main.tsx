/**
 * The renderer's entry point: mounts the app. The page talks to the main process only through
 * `window.sluice` (the preload API); nothing here touches Node or the file system.
 */
import { createRoot } from 'react-dom/client';
import { App } from './app';
import './styles.css';

const root = document.getElementById('root');
if (root) createRoot(root).render(<App />);
