export { startHost, type HostOptions, type RunningHost } from './server';
export { CONTENT_SECURITY_POLICY, MAX_REQUEST_BYTES } from './security';
