export { MITIGATION_KINDS, type MitigationKind, MitigationKindSchema } from './mitigation';
