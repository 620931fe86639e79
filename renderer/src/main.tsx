import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import relativeTime from 'dayjs/plugin/relativeTime';
import '@fontsource/noto-sans-sc/400.css';
import '@fontsource/noto-sans-sc/700.css';
import '@fontsource/noto-serif-sc/700.css';
import './styles.css';
import { takeTokenFromUrl } from './api';
import { App, prefetchFirstScreen } from './App';

dayjs.extend(relativeTime);
dayjs.locale('zh-cn');

// Browser mode: keep the token for this tab and take it out of the address bar before the
// router reads the fragment.
takeTokenFromUrl();
prefetchFirstScreen();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
