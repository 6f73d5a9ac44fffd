package banyan.legacy.token;

import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.UUID;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import org.jspecify.annotations.Nullable;

/**
 * One RSA key pair that signs access tokens, as stored.
 *
 * @param kid the key id, named in each token's header
 * @param publicKey the public key, X.509 encoded
 * @param privateKey the private key, PKCS #8 encoded
 * @param createdAt when it was made
 * @param retiredAt when it stopped signing; {@code null} while it is the active key
 */
record SigningKey(String kid, byte[] publicKey, byte[] privateKey, Instant createdAt, @Nullable Instant retiredAt) {

	static final String ALGORITHM = JWSAlgorithm.RS256.getName();

	static SigningKey generate(Instant now) {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048);
			KeyPair pair = generator.generateKeyPair();
			return new SigningKey(UUID.randomUUID().toString(), pair.getPublic().getEncoded(),
					pair.getPrivate().getEncoded(), now, null);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every JDK has RSA", ex);
		}
	}

	/** The public half as a JWK, for the JWKS and for verification. */
	RSAKey publicJwk() {
		return new RSAKey.Builder((RSAPublicKey) decode(new X509EncodedKeySpec(this.publicKey), true)).keyID(this.kid)
			.keyUse(KeyUse.SIGNATURE)
			.algorithm(JWSAlgorithm.RS256)
			.build();
	}

	RSAPrivateKey signingKey() {
		return (RSAPrivateKey) decode(new PKCS8EncodedKeySpec(this.privateKey), false);
	}

	private static java.security.Key decode(java.security.spec.KeySpec spec, boolean isPublic) {
		try {
			KeyFactory factory = KeyFactory.getInstance("RSA");
			return isPublic ? factory.generatePublic(spec) : factory.generatePrivate(spec);
		}
		catch (NoSuchAlgorithmException | InvalidKeySpecException ex) {
			throw new IllegalStateException("A stored signing key cannot be read", ex);
		}
	}

}
