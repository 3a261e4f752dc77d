// Change a secret's description and read it back
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretRequest;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.UpdateSecretRequest;

public class RenameDescriptionExample {
    public static void main(String[] args) {
        try (SecretsManagerClient client = SecretsManagerClient.builder()
                .region(Region.US_WEST_2)
                .build()) {
            // Replace with the name or ARN of your secret.
            String secretId = "MyTestSecret";

            // Change the description.
            client.updateSecret(UpdateSecretRequest.builder()
                    .secretId(secretId)
                    .description("Secret of the orders service")
                    .build());

            // Read the secret's details back.
            DescribeSecretResponse response = client.describeSecret(DescribeSecretRequest.builder()
                    .secretId(secretId)
                    .build());
            System.out.println(response.description());
        }
    }
}
