export * from './errors';
export * from './models';
export * from './tokens';
export * from './schemas';
export * from './schemas-edit';
export * from './channels';
export * from './contract';
