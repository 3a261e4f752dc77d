// Read a secret that holds bytes
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;

public class GetBinarySecretExample {
    public static void main(String[] args) {
        try (SecretsManagerClient client = SecretsManagerClient.builder()
                .region(Region.US_WEST_2)
                .build()) {
            // Replace with the name or ARN of a secret that holds bytes.
            String blobSecret = "MyBlob";

            GetSecretValueResponse response = client.getSecretValue(GetSecretValueRequest.builder()
                    .secretId(blobSecret)
                    .build());
            System.out.println(response.secretBinary());
        }
    }
}
