/** env.*: the doctor's channels (a run, and canceling one). */
import type { Handlers } from '../../contract/dispatcher';
import { createEnvDoctor, type EnvDoctorOptions } from './env-doctor';

export function createEnvHandlers(
  options: EnvDoctorOptions,
): Pick<Handlers, 'env.doctor' | 'env.cancelDoctor'> {
  const doctor = createEnvDoctor(options);
  return { 'env.doctor': doctor, 'env.cancelDoctor': doctor.cancel };
}
