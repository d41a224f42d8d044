/**
 * A direct entry for `serve`, independent of the CLI dispatcher: tests spawn it with
 * `node --conditions=roomhooks-source --import tsx packages/server/src/cli/serve-main.ts [...flags]`.
 */
import { serve } from './serve.js';

process.exit(await serve(process.argv.slice(2)));
