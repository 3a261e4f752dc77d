// Store bytes in a secret
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.PutSecretValueRequest;

public class PutBinarySecretValueExample {
    public static void main(String[] args) {
        try (SecretsManagerClient client = SecretsManagerClient.builder()
                .region(Region.US_WEST_2)
                .build()) {
            // Replace with the name or ARN of your secret.
            String secretId = "MyTestSecret";

            client.putSecretValue(PutSecretValueRequest.builder()
                    .secretId(secretId)
                    .secretBinary(SdkBytes.fromUtf8String("EXAMPLE key material"))
                    .build());
        }
    }
}
