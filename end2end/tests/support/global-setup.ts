import { MAIN_PORT, SalaServer } from './server';

// One shared server for the tests that do not stop it.
export default async function globalSetup() {
  const server = new SalaServer(MAIN_PORT);
  await server.start();
  return async () => server.stop();
}
