import { version } from '../../../../package.json';

/** The version users see; one source, the package manifest. */
export const appVersion: string = version;
export const appName = 'DPGui';
