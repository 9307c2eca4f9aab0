// ky alone, for the breakdown of the floor.
export { default as ky } from 'ky';
