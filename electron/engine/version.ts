/** The workbench version, stamped into generated files and shown in the app. */
import pkg from '../../package.json' with { type: 'json' };

export const APP_VERSION: string = pkg.version;
