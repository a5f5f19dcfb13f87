/**
 * Renders the whole app around a store built on a fake API, and waits for settings to load.
 */
import { render, screen } from '@testing-library/react';
import { App } from '../../renderer/app';
import { createAppStore, type AppStore } from '../../renderer/store/store';
import { fakeApi, type FakeApi, type Handlers } from './fake-api';

export async function renderApp(handlers: Handlers = {}, prepare?: (store: AppStore) => void): Promise<{ store: AppStore; fake: FakeApi }> {
  const fake = fakeApi(handlers);
  const store = createAppStore(fake.api);
  prepare?.(store);
  render(<App store={store} />);
  await screen.findByRole('navigation', {}, { timeout: 3000 }).catch(() => undefined);
  return { store, fake };
}
