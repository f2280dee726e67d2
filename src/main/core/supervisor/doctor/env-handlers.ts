/** env.*: the doctor's channel. */
import type { Handlers } from '../../contract/dispatcher';
import { createEnvDoctor, type EnvDoctorOptions } from './env-doctor';

export function createEnvHandlers(options: EnvDoctorOptions): Pick<Handlers, 'env.doctor'> {
  return { 'env.doctor': createEnvDoctor(options) };
}
