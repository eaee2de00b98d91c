import { Global, Module } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { PiiCipher } from './pii-cipher';

@Global()
@Module({
  providers: [
    { provide: PiiCipher, inject: [APP_CONFIG], useFactory: (c: AppConfig) => new PiiCipher(c.pii.keys, c.pii.activeKeyId, c.pii.hmacKey) },
  ],
  exports: [PiiCipher],
})
export class CryptoModule {}
