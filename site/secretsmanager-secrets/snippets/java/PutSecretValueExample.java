// Store a new value in a secret
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.PutSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.PutSecretValueResponse;

public class PutSecretValueExample {
    public static void main(String[] args) {
        try (SecretsManagerClient client = SecretsManagerClient.builder()
                .region(Region.US_WEST_2)
                .build()) {
            // Replace with the name or ARN of your secret.
            String secretId = "MyTestSecret";

            String secretString = """
            {
              "username": "bob"
            }""";
            PutSecretValueResponse response = client.putSecretValue(PutSecretValueRequest.builder()
                    .secretId(secretId)
                    .clientRequestToken("EXAMPLE1-90ab-cdef-fedc-ba987EXAMPLE")
                    .secretString(secretString)
                    .build());
            System.out.println(response.versionId());
        }
    }
}
