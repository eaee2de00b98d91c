import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { APP_CONFIG, AppConfig } from '../infra/config/app-config';

export interface TokenClaims {
  sub: string;
  /** the user's tokenVersion when the token was issued */
  ver: number;
}

/** HS256 only: `alg: none` and any other algorithm are refused on verification. The secret is the JWT module's (auth.module.ts). */
@Injectable()
export class TokenService {
  constructor(
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  sign(claims: TokenClaims): string {
    return this.jwt.sign(claims, { algorithm: 'HS256', expiresIn: this.config.jwtTtlSeconds });
  }

  verify(token: string): TokenClaims | null {
    try {
      const claims = this.jwt.verify<TokenClaims>(token, { algorithms: ['HS256'] });
      return typeof claims.sub === 'string' && Number.isInteger(claims.ver) ? claims : null;
    } catch {
      return null;
    }
  }
}
