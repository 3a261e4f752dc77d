// Read the value of a secret
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;

public class GetSecretValueExample {
    public static void main(String[] args) {
        try (SecretsManagerClient client = SecretsManagerClient.builder()
                .region(Region.US_WEST_2)
                .build()) {
            // Replace with the name or ARN of your secret.
            String secretId = "MyTestSecret";

            GetSecretValueResponse response = client.getSecretValue(GetSecretValueRequest.builder()
                    .secretId(secretId)
                    .build());
            System.out.println(response.secretString());
        }
    }
}
