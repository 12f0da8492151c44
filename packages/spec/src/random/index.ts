export { Random } from './generator';
