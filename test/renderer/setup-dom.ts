/**
 * Shared set-up for component tests: React's act environment and RTL cleanup after each test.
 * Import after 'global-jsdom/register'.
 */
import { afterEach } from 'node:test';
import { cleanup, configure } from '@testing-library/react';

// findBy*/waitFor give up after 1 s by default; on a loaded two-core CI machine running two test
// files at once, a render chain can take longer. A real failure still fails, only later.
configure({ asyncUtilTimeout: 5_000 });
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
afterEach(() => cleanup());
