import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { ConditionalModuleOptions } from './conditional.options';

/**
 * `forRoot(options)` and `forRootAsync({ imports, inject, useFactory | useClass | useExisting })`,
 * global by default (`isGlobal: false` opts out, for an app that imports the module where
 * every conditional controller can see it).
 */
export const {
  ConfigurableModuleClass: ConfigurableConditionalModule,
  MODULE_OPTIONS_TOKEN,
  OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<ConditionalModuleOptions>({ moduleName: 'Conditional' })
  .setClassMethodName('forRoot')
  .setFactoryMethodName('createConditionalOptions')
  .setExtras({ isGlobal: true }, (definition, extras) => ({ ...definition, global: extras.isGlobal }))
  .build();

/** What `ConditionalModule.forRoot()` takes: the module options, plus `isGlobal` (default `true`). */
export type ConditionalModuleRootOptions = typeof OPTIONS_TYPE;

/** What `ConditionalModule.forRootAsync()` takes: `imports`, `inject`, and one of `useFactory`, `useClass`, `useExisting`. */
export type ConditionalModuleAsyncOptions = typeof ASYNC_OPTIONS_TYPE;
