package banyan.legacy.token.web;

import java.util.List;
import java.util.Map;

import banyan.contracts.identity.AccessTokenClaims;
import banyan.legacy.token.SigningKeys;

import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The public keys that verify access tokens (for everyone), and their rotation (for
 * administrators).
 */
@RestController
class SigningKeyController {

	private final SigningKeys keys;

	SigningKeyController(SigningKeys keys) {
		this.keys = keys;
	}

	@GetMapping(path = AccessTokenClaims.JWKS_PATH, produces = "application/jwk-set+json")
	ResponseEntity<Map<String, Object>> jwks() {
		return ResponseEntity.ok().cacheControl(CacheControl.noCache()).body(this.keys.published().toJSONObject());
	}

	@GetMapping("/api/signing-keys")
	List<SigningKeys.KeyInfo> list() {
		return this.keys.all();
	}

	@PostMapping("/api/signing-keys/rotate")
	Map<String, String> rotate() {
		return Map.of("kid", this.keys.rotate());
	}

}
