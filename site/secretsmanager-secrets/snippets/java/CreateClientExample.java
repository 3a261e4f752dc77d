// Create a client
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

public class CreateClientExample {
    public static void main(String[] args) {
        SecretsManagerClient client = SecretsManagerClient.builder()
                .region(Region.US_WEST_2)
                .build();
        client.close();
    }
}
