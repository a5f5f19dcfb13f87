/**
 * Shared set-up for component tests: React's act environment and RTL cleanup after each test.
 * Import after 'global-jsdom/register'.
 */
import { afterEach } from 'node:test';
import { cleanup } from '@testing-library/react';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
afterEach(() => cleanup());
